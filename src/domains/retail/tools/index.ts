/**
 * `src/domains/retail/tools`: retail's tools, defined with the engine's `defineTool` and acting
 * through the `Shop` port; here the list and the registry built from it. It may import
 * `src/tools`, `src/errors.ts` and the retail pack.
 */
import { ToolRegistry } from '../../../tools/registry.js';
import type { Tool } from '../../../tools/tool.js';
import { cancelExchange, checkExchange, exchangeItem } from './exchange-tools.js';
import { handOverToHuman, sendConfirmationEmail } from './notify-tools.js';
import {
  changeOrderItems,
  changeOrderPayment,
  checkOrderChange,
  revertOrderChange,
} from './order-change-tools.js';
import {
  cancelOrder,
  changeShippingAddress,
  lookupOrder,
  restoreShippingAddress,
  trackShipment,
} from './order-tools.js';
import {
  changeDefaultAddress,
  listOrders,
  lookupProduct,
  lookupProfile,
  restoreDefaultAddress,
} from './profile-tools.js';
import { cancelRefund, getRefundStatus, scheduleRefund } from './refund-tools.js';
import { chooseRefundMethod, returnUnits } from './return-choice-tools.js';
import {
  checkReturnEligibility,
  createReturnLabel,
  markItemsReturning,
  restoreInventory,
  voidReturnLabel,
} from './return-tools.js';

/** The built-in retail toolset: every tool keel's playbooks use, compensations included. */
export function retailTools(): Tool[] {
  return [
    lookupOrder,
    checkReturnEligibility,
    createReturnLabel,
    voidReturnLabel,
    markItemsReturning,
    restoreInventory,
    scheduleRefund,
    cancelRefund,
    getRefundStatus,
    sendConfirmationEmail,
    cancelOrder,
    changeShippingAddress,
    restoreShippingAddress,
    trackShipment,
    handOverToHuman,
    checkExchange,
    exchangeItem,
    cancelExchange,
    checkOrderChange,
    changeOrderItems,
    changeOrderPayment,
    revertOrderChange,
    lookupProfile,
    changeDefaultAddress,
    restoreDefaultAddress,
    lookupProduct,
    listOrders,
    returnUnits,
    chooseRefundMethod,
  ];
}

/** A registry with the retail toolset, plus any tools of the caller's own. */
export function createRetailRegistry(extra: Tool[] = []): ToolRegistry {
  return new ToolRegistry([...retailTools(), ...extra]);
}
