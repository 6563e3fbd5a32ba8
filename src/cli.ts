#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/index.ts';
import { createContainer } from './container.ts';
import { serve, work } from './server.ts';

const usage = `Usage: tsx src/cli.ts <command> [options]

Commands:
  serve                  HTTP API on PORT (default 8010); also runs the job workers when REDIS_URL is unset
  worker                 consume jobs from Redis (needs REDIS_URL); start as many as you like
  migrate                apply database migrations and exit
  create-admin --email E [--password P]
                         create an admin user (or promote an existing one); the password may also come
                         from ADMIN_PASSWORD or standard input; resetting a password revokes the user's tokens
  revoke-tokens --email E
                         sign a user out everywhere: every bearer token issued so far stops working

Configuration comes from the environment; see .env.example.`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'serve':
    case 'api':
      await serve(config);
      return;
    case 'worker':
      await work(config);
      return;
    case 'migrate': {
      const container = await createContainer({ ...config, migrateOnStart: true });
      container.log.info({ database: container.database.kind }, 'migrations applied');
      await container.close();
      return;
    }
    case 'create-admin':
    case 'createsuperuser': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' } } });
      const password = values.password ?? process.env['ADMIN_PASSWORD'] ?? (await readStdin());
      if (!values.email || !password || password.length < 8) {
        throw new ConfigError('create-admin needs --email and a password of 8+ characters (--password, ADMIN_PASSWORD or stdin)');
      }
      const container = await createContainer({ ...config, logLevel: 'warn' });
      try {
        const admin = await container.services.users.createAdmin(values.email, password);
        console.log(`${admin.created ? 'Created' : 'Updated'} admin ${admin.email} (${admin.id})`);
      } finally {
        await container.close();
      }
      return;
    }
    case 'revoke-tokens': {
      const { values } = parseArgs({ args: rest, options: { email: { type: 'string' } } });
      if (!values.email) throw new ConfigError('revoke-tokens needs --email');
      const container = await createContainer({ ...config, logLevel: 'warn' });
      try {
        const user = await container.services.users.revokeTokensByEmail(values.email);
        if (!user) throw new ConfigError(`No user with the email ${values.email}`);
        console.log(`Revoked every token of ${user.email} (${user.id})`);
      } finally {
        await container.close();
      }
      return;
    }
    default:
      console.log(usage);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
