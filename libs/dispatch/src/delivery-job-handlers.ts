import { Injectable } from '@nestjs/common';
import type { PlatformJobHandler, PlatformJobRegistry } from '@mb/queue';
import { type DeliveryJob, DeliveryJobName } from './delivery-jobs';
import { DeliveryService } from './delivery.service';

/** What each delivery job does. */
@Injectable()
export class DeliveryJobHandlers implements PlatformJobRegistry {
  readonly handlers: ReadonlyArray<PlatformJobHandler<DeliveryJob>>;

  constructor(deliveries: DeliveryService) {
    this.handlers = [
      { name: DeliveryJobName.Deliver, handle: ({ deliveryId }) => deliveries.deliver(deliveryId) },
      { name: DeliveryJobName.Reconcile, handle: ({ deliveryId }) => deliveries.reconcile(deliveryId) },
      { name: DeliveryJobName.Remove, handle: ({ deliveryId }) => deliveries.remove(deliveryId) },
    ];
  }
}
