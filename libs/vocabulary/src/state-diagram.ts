import { DELIVERY_STATES, DELIVERY_TRANSITIONS } from './delivery';

/** The delivery transition table as a Mermaid state diagram: what docs/architecture.md shows. */
export function deliveryStateDiagram(): string {
  const lines = ['stateDiagram-v2', '  [*] --> pending', '  [*] --> awaiting_review'];
  for (const from of DELIVERY_STATES) for (const to of DELIVERY_TRANSITIONS[from]) lines.push(`  ${from} --> ${to}`);
  for (const state of DELIVERY_STATES) if (DELIVERY_TRANSITIONS[state].length === 0) lines.push(`  ${state} --> [*]`);
  return lines.join('\n');
}
