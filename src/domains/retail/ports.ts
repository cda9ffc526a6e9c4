import { toolsFor } from '../../tools/tool.js';
import type { Shop } from './shop.js';

/** What retail's tools act through: the shop's backend, scoped to the signed-in customer. */
export interface RetailPorts {
  shop: Shop;
}

/** `defineTool` with `ctx.ports.shop` typed, for the retail tools. */
export const defineRetailTool = toolsFor<RetailPorts>();
