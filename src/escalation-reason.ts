/**
 * Why a person is needed, for staff: a model that failed is not a customer who asked for a
 * person, though both arrive as a hand-over step. Stored beside the escalation's kind (where in
 * the workflow the person is needed) and shown wherever staff read escalations.
 */
export const ESCALATION_REASONS = [
  'model_failure',
  'low_confidence',
  'policy',
  'approval_limit',
  'tool_escalation',
  'compensation_failure',
  'customer_request',
] as const;
export type EscalationReasonKind = (typeof ESCALATION_REASONS)[number];

/** How each reason reads at the head of an escalation's text. */
export const REASON_LABELS: Record<EscalationReasonKind, string> = {
  model_failure: 'Model failure',
  low_confidence: 'Low confidence',
  policy: 'Policy',
  approval_limit: 'Approval limit',
  tool_escalation: 'Tool escalation',
  compensation_failure: 'Compensation failure',
  customer_request: 'Customer asked for a person',
};
