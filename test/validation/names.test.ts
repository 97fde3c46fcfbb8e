// The Kubernetes name rules of src/validation/names.ts, which the client (paths, label selectors)
// and the planner use before any request: each boundary of apimachinery's validators, both sides.
import { describe, expect, it } from 'vitest';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelValueProblem, qualifiedNameProblem } from '../../src/validation/names.js';

const LABEL_CHARS = "must consist of lowercase alphanumeric characters or '-', and start and end with an alphanumeric character";
const SUBDOMAIN_CHARS =
  "must be a lowercase DNS-1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
const VALUE_CHARS = "must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
const NAME_PART_CHARS = "name part must consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";

describe('dns1123LabelProblem (namespaces)', () => {
  it.each(['a', '0', 'ab', 'a-b', 'a--b', 'default', 'kube-system', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(dns1123LabelProblem(value)).toBeUndefined();
  });

  it.each(['-a', 'a-', '-', 'A', 'aB', 'a.b', 'a_b', 'a b', 'ns/x'])('refuses %j', (value) => {
    expect(dns1123LabelProblem(value)).toBe(LABEL_CHARS);
  });

  it('says why for an empty and a too long label', () => {
    expect(dns1123LabelProblem('')).toBe('must not be empty');
    expect(dns1123LabelProblem('x'.repeat(64))).toBe('must be no more than 63 characters (got 64)');
  });
});

describe('dns1123SubdomainProblem (object and secret names)', () => {
  it.each(['a', 'web', 'a.b', 'web.example.com', 'a-1.b-2', '0.0', 'x'.repeat(253), `${'a'.repeat(63)}.${'b'.repeat(63)}`])('accepts %j', (value) => {
    expect(dns1123SubdomainProblem(value)).toBeUndefined();
  });

  it.each(['-a', 'a-', '.a', 'a.', 'a..b', 'a.-b', 'a-.b', 'Web', 'a_b', 'a/b'])('refuses %j', (value) => {
    expect(dns1123SubdomainProblem(value)).toBe(SUBDOMAIN_CHARS);
  });

  it('says why for an empty and a too long name', () => {
    expect(dns1123SubdomainProblem('')).toBe('must not be empty');
    expect(dns1123SubdomainProblem('x'.repeat(254))).toBe('must be no more than 253 characters (got 254)');
  });
});

describe('labelValueProblem (apimachinery IsValidLabelValue)', () => {
  it.each(['', 'a', 'Z', '9', 'ab', 'a-b', 'a_b', 'a.b', 'A-b_C.d', 'v1.25.0', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  it.each(['-a', 'a-', '_a', 'a_', '.a', 'a.', '-', 'a b', 'a/b', 'a:b', 'é'])('refuses %j', (value) => {
    expect(labelValueProblem(value)).toBe(VALUE_CHARS);
  });

  it('refuses more than 63 characters, counting them', () => {
    expect(labelValueProblem('x'.repeat(64))).toBe('must be no more than 63 characters (got 64)');
  });
});

describe('qualifiedNameProblem (label keys, apimachinery IsQualifiedName)', () => {
  it.each([
    'a',
    'Z',
    'app',
    'App_Name',
    'a-b.c_d',
    'x'.repeat(63),
    'example.com/a',
    'eci.alibabacloud.com/imagecache-name',
    `${'p'.repeat(253)}/${'n'.repeat(63)}`,
  ])('accepts %j', (value) => {
    expect(qualifiedNameProblem(value)).toBeUndefined();
  });

  it.each(['-a', 'a-', '_a', 'a_', '.a', 'a.', 'a b', 'a:b', 'example.com/-a', 'example.com/a_'])('refuses the name part of %j', (value) => {
    expect(qualifiedNameProblem(value)).toBe(NAME_PART_CHARS);
  });

  it('checks the name part after the last slash, the prefix before it as a DNS-1123 subdomain', () => {
    expect(qualifiedNameProblem('Example.com/a')).toBe(`prefix ${SUBDOMAIN_CHARS}`);
    expect(qualifiedNameProblem('a/b/c')).toBe(`prefix ${SUBDOMAIN_CHARS}`);
    expect(qualifiedNameProblem('/a')).toBe('prefix must not be empty');
    expect(qualifiedNameProblem(`${'p'.repeat(254)}/a`)).toBe('prefix must be no more than 253 characters (got 254)');
  });

  it('refuses an empty or too long name part, with or without a prefix', () => {
    expect(qualifiedNameProblem('')).toBe('name part must not be empty');
    expect(qualifiedNameProblem('example.com/')).toBe('name part must not be empty');
    expect(qualifiedNameProblem('x'.repeat(64))).toBe('name part must be no more than 63 characters (got 64)');
    expect(qualifiedNameProblem(`example.com/${'x'.repeat(64)}`)).toBe('name part must be no more than 63 characters (got 64)');
    // The prefix does not count towards the name part's 63 characters.
    expect(qualifiedNameProblem(`example.com/${'x'.repeat(63)}`)).toBeUndefined();
  });
});
