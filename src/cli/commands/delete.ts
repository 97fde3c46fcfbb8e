import { CONNECTION_FLAGS, parseCommandArgs, UsageError } from '../args.js';
import { clientFromFlags, type ConnectionFlags } from '../connect.js';
import { println, type CliIO } from '../io.js';
import type { Command } from './command.js';

export const deleteCommand: Command = {
  name: 'delete',
  summary: 'Delete ImageCaches by name (pods already created from them are not affected)',
  usage: 'eci-imagecache delete NAME [NAME...]',
  examples: ['eci-imagecache delete web-cache'],
  async run(args, io: CliIO) {
    const { values, positionals } = parseCommandArgs(args, { ...CONNECTION_FLAGS, 'dry-run': { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('delete needs the NAME of an ImageCache');
    const client = await clientFromFlags(values as ConnectionFlags, io);
    try {
      for (const name of positionals) {
        await client.delete(name, { dryRun: Boolean(values['dry-run']), signal: io.signal });
        println(io, `imagecache.eci.alibabacloud.com "${name}" deleted`);
      }
      return 0;
    } finally {
      client.close();
    }
  },
};
