// docs/concepts.md:280
import { createLifeline } from '@lifeline/core';
const lifeline = createLifeline({
  operations,
  health: { emailDeliveryRate: { target: 0.995, alert: 0.98 }, openDeadLetters: { target: 0, alert: 5 } },
});

export {};
