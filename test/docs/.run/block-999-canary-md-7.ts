import { docsPreamble } from '../preamble.js';
const { client } = docsPreamble();
const list = await client.list();
if (list.items.length === 0) throw new Error('empty');
export {};
