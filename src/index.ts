/**
 * keel's public surface, the library's main entry. Hand-written on purpose: what is exported here
 * is the contract, pinned by test/index.test.ts. It may import every folder except the adapters
 * (`src/server`, `src/cli`) and the test doubles (`src/testing`, shipped as `keel/testing`).
 */

export type { CreateAgentOptions, KeelAgent, PlanOnly, Recovery } from './agent/create-agent.js';
export { createAgent } from './agent/create-agent.js';
export type { Domain, DomainTemplates } from './agent/domain.js';
export type { DecisionRequest, ExecutorOptions, StartRequest, WorkflowResult } from './agent/executor.js';
export { Executor } from './agent/executor.js';
export type { DomainWiring, KeelApp, KeelAppOptions, KeelSettings } from './agent/keel-app.js';
export { openKeel } from './agent/keel-app.js';
export type { Product, Variant } from './domains/retail/catalog.js';
export type { CustomerMatch, CustomerQuery, Profile } from './domains/retail/customers.js';
export type { Exchange, LineChange } from './domains/retail/exchanges.js';
// The retail domain pack, the built-in example of a domain.
export type { RetailFacts } from './domains/retail/facts.js';
export type { RetailDomain, RetailDomainOptions } from './domains/retail/index.js';
export { createRetailDomain } from './domains/retail/index.js';
export type { RetailKeelApp, RetailKeelOptions } from './domains/retail/open-retail-keel.js';
export { openRetailKeel, openRetailKeelOnPostgres } from './domains/retail/open-retail-keel.js';
export type { Payment, PaymentMethod, Settlement } from './domains/retail/payments.js';
export type { RetailPorts } from './domains/retail/ports.js';
export { PgSandboxShop } from './domains/retail/sandbox/pg-sandbox-shop.js';
export { SandboxShop } from './domains/retail/sandbox/sandbox-shop.js';
export type { Order, OrderChange, OrderRecord, Refund, ReturnLabel, Shop } from './domains/retail/shop.js';
export { createRetailRegistry, retailTools } from './domains/retail/tools/index.js';
export type { ErrorCode, ErrorEntry, ErrorExitCode, ErrorFault } from './error-codes.js';
export { ERROR_CODES, ERRORS } from './error-codes.js';
export type { PlanIssue, PlanIssueCode, ToolFailureKind } from './errors.js';
export {
  ConfigError,
  DuplicateToolError,
  EscalateToHuman,
  EscalationDecidedError,
  EscalationNotFoundError,
  InputError,
  KeelError,
  LeaseLostError,
  MoneyOverBoundError,
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
export type { EscalationReasonKind } from './escalation-reason.js';
export type { OfflineDecision, OfflineRules, PlanExample, PlannerDomain } from './planner/domain.js';
export type { LlmConfig } from './planner/llm-config.js';
export type { LlmPlannerOptions } from './planner/llm-planner.js';
// The planners a domain is planned with (createAgent takes any `Planner`).
export { LlmPlanner } from './planner/llm-planner.js';
export { OfflinePlanner } from './planner/offline-planner.js';
export { Plan, PlanStep } from './planner/plan.js';
export type { ConversationMessage, Planner, PlanRequest, PlanResult } from './planner/planner.js';
export type { ValidPlan } from './planner/validate.js';
export {
  NO_OWNED_RESOURCES,
  NO_RESOURCES,
  type PlanScope,
  type ResourceOwnership,
  scopeFor,
  validatePlan,
} from './planner/validate.js';
export type { Clock, Ids, Random, Runtime, Sleep } from './runtime.js';
export { systemRuntime } from './runtime.js';
export type { Change, ChangeFeed } from './store/change-feed.js';
export { LocalChangeFeed } from './store/change-feed.js';
export type { DatabaseOptions, SynchronousLevel } from './store/database.js';
export { openDatabase } from './store/database.js';
export type { PgChangeFeedOptions } from './store/pg-change-feed.js';
export { PgChangeFeed } from './store/pg-change-feed.js';
export type { PgOptions } from './store/pg-database.js';
export { PgStore } from './store/pg-store.js';
export { SqliteStore } from './store/sqlite-store.js';
export type {
  Checkpoint,
  ConversationChange,
  ConversationRecord,
  ConversationReply,
  ConversationStatus,
  DecisionWrite,
  EscalationRecord,
  EscalationStatus,
  JournalEvent,
  LeaseClaim,
  MessageRecord,
  NewEvent,
  NewMessage,
  ResourceLock,
  ResourceLockRequest,
  ResourceLockResult,
  SavedResponse,
  StepRecord,
  Store,
  StoreStats,
  Transition,
  WorkflowFilter,
  WorkflowRecord,
  WorkflowStatus,
} from './store/store.js';
export { ResourceBusyError } from './store/store.js';
export type { MoneyBound, MoneyFlow, MoneyKind, MoneyMove, MoneyTotals } from './tools/money.js';
export { ToolRegistry } from './tools/registry.js';
export type {
  ApprovalInput,
  HumanApproval,
  RetryPolicy,
  Tool,
  ToolContext,
  ToolSpec,
} from './tools/tool.js';
export { defineTool, toolsFor } from './tools/tool.js';
