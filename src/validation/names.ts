import { MAX_OBJECT_NAME_LENGTH } from '../types/constants.js';

const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** Why `value` is not a DNS-1123 label (at most 63 characters), or undefined when it is one. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) return `must be no more than 63 characters (got ${value.length})`;
  if (!DNS1123_LABEL.test(value)) {
    return "must consist of lowercase alphanumeric characters or '-', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `value` is not a DNS-1123 subdomain (at most 253 characters), or undefined when it is one. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_OBJECT_NAME_LENGTH) {
    return `must be no more than ${MAX_OBJECT_NAME_LENGTH} characters (got ${value.length})`;
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "must be a lowercase DNS-1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
  }
  return undefined;
}

const QUALIFIED_NAME_PART = /^(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(?:(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Why `value` is not a label value (empty, or at most 63 alphanumerics, '-', '_', '.' starting and
 * ending alphanumeric), or undefined when it is one: apimachinery's IsValidLabelValue.
 */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters (got ${value.length})`;
  if (!LABEL_VALUE.test(value)) {
    return "must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/**
 * Why `value` is not a label key (an optional DNS-1123 subdomain prefix and '/', then a name of at
 * most 63 characters), or undefined when it is one: apimachinery's IsQualifiedName.
 */
export function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.lastIndexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = value.slice(slash + 1);
  if (prefix !== undefined) {
    const problem = dns1123SubdomainProblem(prefix);
    if (problem) return `prefix ${problem}`;
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63) return `name part must be no more than 63 characters (got ${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}
