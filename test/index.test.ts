import { describe, expect, it } from 'vitest';
import * as keel from '../src/index.js';
import * as testing from '../src/testing/index.js';

describe('public surface', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(keel).sort()).toMatchInlineSnapshot(`
      [
        "ConfigError",
        "DuplicateToolError",
        "ERRORS",
        "ERROR_CODES",
        "EscalateToHuman",
        "EscalationDecidedError",
        "EscalationNotFoundError",
        "Executor",
        "InputError",
        "KeelError",
        "LeaseLostError",
        "LlmPlanner",
        "LocalChangeFeed",
        "MoneyOverBoundError",
        "NO_OWNED_RESOURCES",
        "NO_RESOURCES",
        "OfflinePlanner",
        "PermanentToolError",
        "PgChangeFeed",
        "PgSandboxShop",
        "PgStore",
        "Plan",
        "PlanInvalidError",
        "PlanStep",
        "ReplayMismatchError",
        "ResourceBusyError",
        "RetryableToolError",
        "SandboxShop",
        "SqliteStore",
        "StepTimeoutError",
        "StoreError",
        "ToolDefinitionError",
        "ToolError",
        "ToolRegistry",
        "UnknownToolError",
        "WorkflowNotFoundError",
        "WorkflowStateError",
        "createAgent",
        "createRetailDomain",
        "createRetailRegistry",
        "defineTool",
        "openDatabase",
        "openKeel",
        "openRetailKeel",
        "openRetailKeelOnPostgres",
        "retailTools",
        "scopeFor",
        "systemRuntime",
        "toolsFor",
        "validatePlan",
      ]
    `);
  });

  it('exports the test doubles from keel/testing', () => {
    expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
      [
        "ScriptedModel",
        "ScriptedPlanner",
        "UnexpectedModelCallError",
        "UnexpectedPlannerCallError",
        "VirtualTime",
        "completionBody",
        "loadCassette",
        "recordConversation",
        "replayConversation",
        "seededRandom",
        "sequentialIds",
      ]
    `);
  });
});
