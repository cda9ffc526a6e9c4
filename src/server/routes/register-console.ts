import type { FastifyInstance } from 'fastify';
import type { KeelApp } from '../../agent/keel-app.js';
import type { SupportDesk } from '../support/support-desk.js';
import { actForCustomerRoutes, consoleRoutes } from './console.js';
import { replyReviewRoutes } from './reply-review.js';
import { staffSearchRoutes } from './staff-search.js';
import { streamRoutes } from './streams.js';
import { silentWhileHeld, takeoverRoutes } from './takeover.js';

/** The API the console and the widget need beyond the chat API: lookups, search, live streams. */
export function registerConsoleApi(app: FastifyInstance, keel: KeelApp, desk: SupportDesk): void {
  consoleRoutes(app, keel, desk);
  actForCustomerRoutes(app, keel, desk);
  replyReviewRoutes(app, keel, desk);
  staffSearchRoutes(app, desk);
  streamRoutes(app, keel, desk);
  silentWhileHeld(app, keel, desk);
  takeoverRoutes(app, keel, desk);
}
