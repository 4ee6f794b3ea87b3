import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryStateDiagram } from './state-diagram';

describe('the delivery state diagram in the docs', () => {
  it('is the transition table as it stands (npm run docs:states prints it)', () => {
    const architecture = readFileSync(join(process.cwd(), 'docs/architecture.md'), 'utf8');
    const shown = /```mermaid\n(stateDiagram-v2[\s\S]*?)\n```/.exec(architecture)?.[1];
    expect(shown).toBe(deliveryStateDiagram());
  });
});
