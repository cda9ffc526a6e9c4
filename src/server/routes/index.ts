/**
 * `src/server/routes`: the HTTP API's routes, one module per audience: the chat widget's
 * conversations (customers) and the staff API (escalations, decisions, workflows). They may import
 * `src/agent` (the app), `src/errors.ts` and the server's own helpers (auth, SSE, views); errors
 * are thrown, and answered by the server's one error handler.
 */
export { conversationRoutes } from './conversations.js';
export { staffRoutes } from './staff.js';
