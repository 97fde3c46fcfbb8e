import { docsPreamble } from '../preamble.js';
const { value } = docsPreamble();
import { createImageCacheSchema, createImageCacheSpecSchema, ImageCacheSchema, dns1123SubdomainProblem, dns1123LabelProblem } from 'eci-imagecache';

const forBigCaches = createImageCacheSchema({ maxImages: 50 }); // a zod schema: .safeParse(), compose it
const specOnly = createImageCacheSpecSchema({ maxImages: 50 });
ImageCacheSchema.parse(value); // zod's own API, with ECI's limits
dns1123SubdomainProblem('Web_Cache'); // "must be a lowercase DNS-1123 subdomain: ..." (undefined when valid)
dns1123LabelProblem('kube-system'); // undefined
export {};
