import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseDatabase } from '../../src/cli/database-choice.js';
import { createCli } from '../helpers/cli-harness.js';
import { PG_SKIP_REASON, TEST_DATABASE_URL, testSchema } from '../helpers/pg-test-database.js';

const MESSAGE = "I'd like to return order ORD-1001, it doesn't fit";

describe('choosing the database', () => {
  it('is SQLite by default, PostgreSQL for a URL (the flag over the variable), and refuses --db with a URL', () => {
    expect(chooseDatabase('/w', {}, {})).toEqual({ kind: 'sqlite', path: '/w/keel.db' });
    expect(chooseDatabase('/w', {}, { db: ':memory:' })).toEqual({ kind: 'sqlite', path: ':memory:' });
    const env = { KEEL_DATABASE_URL: 'postgres://env/db' };
    expect(chooseDatabase('/w', env, {})).toEqual({ kind: 'postgres', url: 'postgres://env/db' });
    expect(chooseDatabase('/w', env, { 'database-url': 'postgresql://flag/db' })).toEqual({
      kind: 'postgres',
      url: 'postgresql://flag/db',
    });
    expect(() => chooseDatabase('/w', env, { db: 'x.db' })).toThrow(/--db x.db and KEEL_DATABASE_URL/);
    expect(() => chooseDatabase('/w', {}, { 'database-url': 'mysql://u:pw@h/db' })).toThrow(
      /mysql:\/\/u:\*\*\*@h/,
    );
  });

  it('keel exits with bad input (2), running nothing, when --db and --database-url are both given', async () => {
    const cli = createCli();
    const out = await cli.run(
      'run',
      MESSAGE,
      '--customer',
      'C-1001',
      '--db',
      cli.db,
      '--database-url',
      'postgres://u:secret@h/db',
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('both name a database');
    expect(out.stderr).not.toContain('secret');
  });
});

describe.skipIf(!TEST_DATABASE_URL)(
  `keel on PostgreSQL (${TEST_DATABASE_URL ? 'PostgreSQL' : PG_SKIP_REASON})`,
  () => {
    const schema = testSchema('keel_cli');
    // The schema rides in the URL, as a user would put keel in a schema of its own.
    const url = `${TEST_DATABASE_URL}?options=${encodeURIComponent(`-c search_path=${schema.name}`)}`;
    beforeAll(async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema.name}`);
      await client.end();
    });
    afterAll(() => schema.drop());

    it('runs a return with everything durable in PostgreSQL, seen by the next command', async () => {
      const cli = createCli({ KEEL_DATABASE_URL: url }, { realTime: true });
      const out = await cli.run('run', MESSAGE, '--customer', 'C-1001', '--yes');
      expect(out.stderr).toBe('');
      expect(out.code, out.stdout).toBe(0);
      expect(out.stdout).toMatch(
        /^reply: Your return for ORD-1001 is set up\. Return label: https:\/\/\S+ \(UPS 1ZRET\d+\)/m,
      );
      const listed = await cli.run('workflows', 'list', '--database-url', url, '--json');
      expect(JSON.parse(listed.stdout).workflows).toHaveLength(1);
      const shop = JSON.parse((await cli.run('shop', 'show', 'ORD-1001', '--json')).stdout);
      expect([shop.labels.length, shop.refunds.length, shop.emails.length]).toEqual([1, 1, 1]);
      // The workflow and its journal are rows of this schema.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(
        'SELECT (SELECT count(*) FROM workflows)::int AS w, (SELECT count(*) FROM journal)::int AS j',
      );
      await client.end();
      expect(rows[0].w).toBe(1);
      expect(rows[0].j).toBeGreaterThan(5);
    });
  },
);
