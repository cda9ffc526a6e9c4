import type { PgMigration } from './pg-migrations.js';

/** The prefix of the NOTIFY channel; the schema follows, since NOTIFY spans the whole database. */
export const CHANGE_CHANNEL_PREFIX = 'keel:';

/**
 * Every journal event and message tells the database's listeners (`PgChangeFeed`) on commit:
 * a trigger, so no write path can forget it and a rolled-back change tells nobody. The payload is
 * ids only (PostgreSQL caps it at 8000 bytes); the channel names the table's schema, so two keel
 * schemas on one database (test workers) never hear each other.
 */
export const CHANGE_TRIGGERS: PgMigration = {
  name: '004_change_notify',
  sql: `
    CREATE FUNCTION keel_journal_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANGE_CHANNEL_PREFIX}' || TG_TABLE_SCHEMA, json_build_object('kind', 'journal',
        'workflowId', NEW.workflow_id, 'seq', NEW.seq, 'type', NEW.type,
        'conversationId', (SELECT conversation_id FROM workflows WHERE id = NEW.workflow_id))::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER journal_notify AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION keel_journal_notify();
    CREATE FUNCTION keel_message_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CHANGE_CHANNEL_PREFIX}' || TG_TABLE_SCHEMA, json_build_object('kind', 'message',
        'conversationId', NEW.conversation_id, 'seq', NEW.seq)::text);
      RETURN NULL;
    END $$;
    CREATE TRIGGER messages_notify AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION keel_message_notify();
  `,
};
