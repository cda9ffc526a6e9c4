import { describe, expect, it } from 'vitest';
import { ConversationStore } from '../../src/store/conversation-store.js';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrations.js';

// The conversations schema as keel released it before request hashes: an immutable fixture.
const V1 = {
  name: '001_conversations',
  sql: `
    CREATE TABLE conversations (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, status TEXT NOT NULL,
      pending_plan_json TEXT, last_workflow_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
    CREATE INDEX conversations_customer ON conversations(customer_id);
    CREATE TABLE messages (conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
      role TEXT NOT NULL, text TEXT NOT NULL, workflow_id TEXT, created_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
    CREATE INDEX messages_workflow ON messages(workflow_id);
    CREATE TABLE message_requests (conversation_id TEXT NOT NULL, idempotency_key TEXT NOT NULL,
      response_json TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (conversation_id, idempotency_key));
  `,
};

describe('ConversationStore', () => {
  it('migrates a database from before request hashes; its saved answers still replay', () => {
    const db = openDatabase(':memory:');
    migrate(db, 'conversations', [V1]);
    db.prepare(
      "INSERT INTO message_requests VALUES ('conv_1', 'k1', '{\"reply\":\"hi\"}', '2026-01-01')",
    ).run();
    const store = new ConversationStore(db);
    expect(store.response('conv_1', 'k1')).toEqual({ response: { reply: 'hi' }, requestHash: null });
    store.saveResponse('conv_1', 'k2', { response: { reply: 'yo' }, requestHash: 'sha256:ab' }, '2026-01-02');
    expect(store.response('conv_1', 'k2')).toEqual({ response: { reply: 'yo' }, requestHash: 'sha256:ab' });
    // Opening again applies nothing twice.
    expect(() => new ConversationStore(db)).not.toThrow();
    db.close();
  });
});
