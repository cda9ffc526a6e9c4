// keel's public surface. Hand-written on purpose: what is exported here is the contract.

export type { DecisionRequest, ExecutorOptions, StartRequest, WorkflowResult } from './agent/executor.js';
export { Executor } from './agent/executor.js';
export type { KeelApp, KeelAppOptions } from './agent/keel-app.js';
export { openKeel } from './agent/keel-app.js';
export { SandboxShop } from './domains/retail/sandbox/sandbox-shop.js';
export type { Order, OrderRecord, Refund, ReturnLabel, Shop } from './domains/retail/shop.js';
export { createRetailRegistry, retailTools } from './domains/retail/tools/index.js';
export type { PlanIssue, PlanIssueCode, ToolFailureKind } from './errors.js';
export {
  ConfigError,
  DuplicateToolError,
  EscalateToHuman,
  EscalationDecidedError,
  EscalationNotFoundError,
  InputError,
  KeelError,
  PermanentToolError,
  PlanInvalidError,
  ReplayMismatchError,
  RetryableToolError,
  StepTimeoutError,
  StoreError,
  ToolDefinitionError,
  ToolError,
  UnknownToolError,
  WorkflowNotFoundError,
  WorkflowStateError,
} from './errors.js';
export { Plan, PlanStep } from './planner/plan.js';
export type { ValidPlan } from './planner/validate.js';
export { validatePlan } from './planner/validate.js';
export type { Clock, Ids, Random, Runtime, Sleep } from './runtime.js';
export { systemRuntime } from './runtime.js';
export type { DatabaseOptions, SynchronousLevel } from './store/database.js';
export { openDatabase } from './store/database.js';
export { SqliteStore } from './store/sqlite-store.js';
export type {
  EscalationRecord,
  JournalEvent,
  StepRecord,
  Store,
  WorkflowRecord,
  WorkflowStatus,
} from './store/store.js';
export { ToolRegistry } from './tools/registry.js';
export type { HumanApproval, RetryPolicy, Tool, ToolContext, ToolSpec } from './tools/tool.js';
export { defineTool } from './tools/tool.js';
