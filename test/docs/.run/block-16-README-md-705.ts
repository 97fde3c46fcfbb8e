import { docsPreamble } from '../preamble.js';
const { caches, deployment, now } = docsPreamble();
import { lintWorkload } from 'eci-imagecache/matching';

const findings = lintWorkload(deployment, caches, { now });
// [{ code: 'pull-policy-always', severity: 'warning', path: 'spec.template.spec.containers[0].imagePullPolicy',
//    message: 'container nginx has imagePullPolicy: Always, so nginx:1.7.9 is pulled even when a cache holds it; use IfNotPresent' }]
export {};
