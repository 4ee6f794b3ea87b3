import { canDeliveryTransition, CLAIMABLE_STATES, DeliveryState, deliveryTransition, statesLeadingTo } from './delivery';

describe('delivery state machine', () => {
  it('never leaves a final state', () => {
    for (const final of [DeliveryState.Removed, DeliveryState.Cancelled, DeliveryState.Superseded]) {
      for (const to of Object.values(DeliveryState)) expect(canDeliveryTransition(final, to)).toBe(false);
    }
  });

  it('never posts again from unconfirmed without reconciling: only back to pending, or to a found post', () => {
    expect(statesLeadingTo(DeliveryState.Publishing)).toEqual(CLAIMABLE_STATES);
    expect(canDeliveryTransition(DeliveryState.Unconfirmed, DeliveryState.Publishing)).toBe(false);
    expect(canDeliveryTransition(DeliveryState.Unconfirmed, DeliveryState.Pending)).toBe(true);
    expect(canDeliveryTransition(DeliveryState.Unconfirmed, DeliveryState.Published)).toBe(true);
  });

  it('takes a live post down only through removing', () => {
    expect(statesLeadingTo(DeliveryState.Removed)).toEqual([DeliveryState.Removing]);
  });

  it('refuses to declare a write the table does not allow', () => {
    expect(deliveryTransition([DeliveryState.Publishing, DeliveryState.Updating], DeliveryState.RetryWait)).toHaveLength(2);
    expect(() => deliveryTransition(DeliveryState.Published, DeliveryState.Publishing)).toThrow(/published → publishing/);
  });
});
