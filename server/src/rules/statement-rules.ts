/** The statement rules, in catalogue order (RULES.md sections 1-5 and the built-in hygiene rules). */
import dropTable from './drop-table';
import dropColumn from './drop-column';
import dropSchema from './drop-schema';
import truncateTable from './truncate-table';
import deleteWithoutWhere from './delete-without-where';
import updateWithoutWhere from './update-without-where';
import dropType from './drop-type';
import renameColumn from './rename-column';
import renameTable from './rename-table';
import changeColumnType from './change-column-type';
import dropNotNull from './drop-not-null';
import dropForeignKey from './drop-foreign-key';
import enumValueRemoved from './enum-value-removed';
import indexNotConcurrent from './index-not-concurrent';
import dropIndexNotConcurrent from './drop-index-not-concurrent';
import concurrentlyInTransaction from './concurrently-in-transaction';
import foreignKeyNotValidMissing from './foreign-key-not-valid-missing';
import checkNotValidMissing from './check-not-valid-missing';
import validateInSameTransaction from './validate-in-same-transaction';
import setNotNull from './set-not-null';
import addColumnRequired from './add-column-required';
import addColumnVolatileDefault from './add-column-volatile-default';
import addColumnRewrite from './add-column-rewrite';
import uniqueConstraintWithoutIndex from './unique-constraint-without-index';
import primaryKeyWithoutIndex from './primary-key-without-index';
import exclusionConstraint from './exclusion-constraint';
import enumValueUsedInSameTransaction from './enum-value-used-in-same-transaction';
import missingLockTimeout from './missing-lock-timeout';
import missingStatementTimeout from './missing-statement-timeout';
import statementsAfterExclusiveLock from './statements-after-exclusive-lock';
import vacuumFullOrCluster from './vacuum-full-or-cluster';
import reindexNotConcurrent from './reindex-not-concurrent';
import refreshMatviewNotConcurrent from './refresh-matview-not-concurrent';
import detachPartitionNotConcurrent from './detach-partition-not-concurrent';
import attachPartitionScan from './attach-partition-scan';
import triggerDdl from './trigger-ddl';
import transactionControl from './transaction-control';
import identifierTooLong from './identifier-too-long';
import syntaxError from './syntax-error';
import multipleAlterSameTable from './multiple-alter-same-table';
import unusedIgnore from './unused-ignore';
import preferBigint from './prefer-bigint';
import preferIdentity from './prefer-identity';
import preferText from './prefer-text';
import preferTimestamptz from './prefer-timestamptz';
import preferJsonb from './prefer-jsonb';
import charField from './char-field';
import type { StatementRule } from './types';

export const statementRules: StatementRule[] = [
  dropTable,
  dropColumn,
  dropSchema,
  truncateTable,
  deleteWithoutWhere,
  updateWithoutWhere,
  dropType,
  renameColumn,
  renameTable,
  changeColumnType,
  dropNotNull,
  dropForeignKey,
  enumValueRemoved,
  indexNotConcurrent,
  dropIndexNotConcurrent,
  concurrentlyInTransaction,
  foreignKeyNotValidMissing,
  checkNotValidMissing,
  validateInSameTransaction,
  setNotNull,
  addColumnRequired,
  addColumnVolatileDefault,
  addColumnRewrite,
  uniqueConstraintWithoutIndex,
  primaryKeyWithoutIndex,
  exclusionConstraint,
  enumValueUsedInSameTransaction,
  missingLockTimeout,
  missingStatementTimeout,
  statementsAfterExclusiveLock,
  vacuumFullOrCluster,
  reindexNotConcurrent,
  refreshMatviewNotConcurrent,
  detachPartitionNotConcurrent,
  attachPartitionScan,
  triggerDdl,
  transactionControl,
  identifierTooLong,
  syntaxError,
  multipleAlterSameTable,
  unusedIgnore,
  preferBigint,
  preferIdentity,
  preferText,
  preferTimestamptz,
  preferJsonb,
  charField,
];
