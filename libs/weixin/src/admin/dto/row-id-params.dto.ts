import { AccountIdField, RowIdField } from './id-fields.decorator.js';

/** Route parameters naming a delivery. */
export class DeliveryParamsDto {
  /** The delivery id. */
  @RowIdField()
  deliveryId!: string;
}

/** Route parameters naming an outbox entry of an account. */
export class OutboxEntryParamsDto extends DeliveryParamsDto {
  /** The bot account id. */
  @AccountIdField()
  accountId!: string;
}

/** Route parameters naming a dead letter. */
export class DeadLetterParamsDto {
  /** The inbox row id of the dead letter. */
  @RowIdField()
  id!: string;
}
