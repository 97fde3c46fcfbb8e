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
