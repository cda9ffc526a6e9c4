import { DuplicateToolError, ToolDefinitionError, UnknownToolError } from '../errors.js';
import type { Tool } from './tool.js';

/**
 * The tools a plan may use. Registration checks each definition and its references to other tools
 * (`compensate`, `requires`), so a broken toolset fails at start-up, never mid-workflow.
 */
export class ToolRegistry {
  readonly #tools = new Map<string, Tool>();

  constructor(tools: Iterable<Tool> = []) {
    this.registerAll(tools);
  }

  /** Adds tools as one batch: references may point anywhere inside the batch or the registry. */
  registerAll(tools: Iterable<Tool>): this {
    const batch = [...tools];
    const names = new Set<string>();
    for (const tool of batch) {
      if (this.#tools.has(tool.name) || names.has(tool.name)) throw new DuplicateToolError(tool.name);
      names.add(tool.name);
    }
    const known = (name: string) => names.has(name) || this.#tools.has(name);
    const byName = new Map(batch.map((tool) => [tool.name, tool]));
    for (const tool of batch) {
      for (const required of tool.requires) {
        if (!known(required)) {
          throw new ToolDefinitionError(tool.name, `requires "${required}", which is not registered`);
        }
      }
      if (tool.compensate !== undefined) {
        const undo = byName.get(tool.compensate) ?? this.#tools.get(tool.compensate);
        if (!undo) {
          throw new ToolDefinitionError(
            tool.name,
            `compensate names "${tool.compensate}", which is not registered`,
          );
        }
        if (undo.effect !== 'write') {
          throw new ToolDefinitionError(tool.name, `compensation "${undo.name}" must be a write tool`);
        }
      }
    }
    for (const tool of batch) this.#tools.set(tool.name, tool);
    return this;
  }

  register(tool: Tool): this {
    return this.registerAll([tool]);
  }

  has(name: string): boolean {
    return this.#tools.has(name);
  }

  get(name: string): Tool | undefined {
    return this.#tools.get(name);
  }

  /** Like `get`, for names that validation has already checked. */
  require(name: string): Tool {
    const tool = this.#tools.get(name);
    if (!tool) throw new UnknownToolError(name);
    return tool;
  }

  list(): Tool[] {
    return [...this.#tools.values()];
  }

  /** The tools a planner may put in a plan (compensations and other internal tools excluded). */
  plannable(): Tool[] {
    return this.list().filter((tool) => tool.plannable);
  }
}
