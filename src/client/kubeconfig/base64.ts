// Go's encoding/json decodes []byte with base64.StdEncoding: padded, standard alphabet, with
// only CR and LF ignored. Node's Buffer.from(…, 'base64') accepts anything, so check first.
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes base64 exactly as strictly as kubectl does, or returns undefined when kubectl would refuse it. */
export function decodeStrictBase64(value: string): Buffer | undefined {
  const compact = value.replace(/[\r\n]/g, '');
  if (!STD_BASE64.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}
