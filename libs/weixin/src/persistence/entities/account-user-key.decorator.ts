import { applyDecorators } from '@nestjs/common';
import { ForeignKey } from 'typeorm';
import { TextIdColumn } from './id-columns.decorator.js';
import { TextColumn } from './value-columns.decorator.js';
import { WeixinAccountEntity } from './weixin-account.entity.js';

/** `fk_<table>_account`: the row goes when its account row is deleted. */
function accountForeignKey(table: string): PropertyDecorator {
  return ForeignKey(() => WeixinAccountEntity, {
    name: `fk_${table}_account`,
    onDelete: 'CASCADE',
  });
}

/**
 * `account_id` of a row of `table` that belongs to one account, as a column of the primary key
 * `pk_<table>`, with the foreign key `fk_<table>_account` to `weixin_account` (`ON DELETE
 * CASCADE`).
 */
export function AccountIdPrimaryColumn(table: string): PropertyDecorator {
  return applyDecorators(TextIdColumn(table, 'account_id'), accountForeignKey(table));
}

/**
 * `account_id` of a row of `table` that belongs to one account, outside the primary key, with the
 * foreign key `fk_<table>_account` to `weixin_account` (`ON DELETE CASCADE`).
 */
export function AccountIdColumn(table: string): PropertyDecorator {
  return applyDecorators(TextColumn('account_id'), accountForeignKey(table));
}

/** `user_id`, the WeChat user id, as a column of `table`'s primary key `pk_<table>`. */
export function UserIdPrimaryColumn(table: string): PropertyDecorator {
  return TextIdColumn(table, 'user_id');
}
