/**
 * A per-call channel from the planner to the fetch that carries its model calls. The context
 * rides on the fetch `init` under a symbol: the SDK passes `fetchOptions` through to fetch as is,
 * a recording fetch can read it, and nothing serialises a symbol key into the HTTP request, so
 * the provider never sees it (unlike the `x-keel-conversation` header this replaces).
 */
const CALL_CONTEXT = Symbol('keel.modelCallContext');

/** What keel knows about one model call that the provider must not. */
export interface ModelCallContext {
  conversationId: string | null;
}

/** Fetch options that carry `context` to the fetch. */
export function withCallContext(context: ModelCallContext): { readonly [CALL_CONTEXT]: ModelCallContext } {
  return { [CALL_CONTEXT]: context };
}

/** The context a planner attached to this fetch call, if any. */
export function callContextOf(init: RequestInit | undefined): ModelCallContext | null {
  if (!init) return null;
  return (init as { [CALL_CONTEXT]?: ModelCallContext })[CALL_CONTEXT] ?? null;
}
