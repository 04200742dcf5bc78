import type { OperationFactory } from '../context.js';
import { getAccountSettings } from './account-settings.js';
import { createAlias, deleteAlias, getAlias, listAliases, updateAlias } from './aliases.js';
import { downloadCode } from './code-download.js';
import { deleteFunctionConcurrency, getFunctionConcurrency, putFunctionConcurrency } from './concurrency.js';
import {
  createCodeSigningConfig,
  deleteCodeSigningConfig,
  deleteFunctionCodeSigningConfig,
  getCodeSigningConfig,
  getFunctionCodeSigningConfig,
  listCodeSigningConfigs,
  listFunctionsByCodeSigningConfig,
  putFunctionCodeSigningConfig,
  updateCodeSigningConfig,
} from './code-signing.js';
import { createFunction } from './create-function.js';
import { deleteFunction } from './delete-function.js';
import {
  createFunctionUrlConfig,
  deleteFunctionUrlConfig,
  getFunctionUrlConfig,
  listFunctionUrlConfigs,
  updateFunctionUrlConfig,
} from './function-url-config.js';
import { getFunction, getFunctionConfiguration } from './get-function.js';
import { invoke } from './invoke.js';
import { invokeAsync } from './invoke-async.js';
import { invokeWithResponseStream } from './invoke-stream.js';
import { deleteLayerVersion, getLayerVersion, listLayers, listLayerVersions, publishLayerVersion } from './layers.js';
import { addLayerVersionPermission, getLayerVersionPolicy, removeLayerVersionPermission } from './layer-permissions.js';
import { listFunctions } from './list-functions.js';
import { deleteProvisionedConcurrencyConfig, getProvisionedConcurrencyConfig, putProvisionedConcurrencyConfig } from './provisioned-concurrency.js';
import { addPermission, getPolicy, removePermission } from './permissions.js';
import { listTags, tagResource, untagResource } from './tags.js';
import { updateFunctionCode } from './update-function-code.js';
import { updateFunctionConfiguration } from './update-function-configuration.js';
import { listVersionsByFunction, publishVersionOperation } from './versions.js';

/** The Lambda API operations Tributary answers; extensions (async, event source mappings) add theirs. */
export const lambdaOperations: readonly OperationFactory[] = [
  createFunction,
  listFunctions,
  getFunction,
  getFunctionConfiguration,
  updateFunctionCode,
  updateFunctionConfiguration,
  deleteFunction,
  invoke,
  invokeWithResponseStream,
  invokeAsync,
  putFunctionConcurrency,
  getFunctionConcurrency,
  deleteFunctionConcurrency,
  tagResource,
  untagResource,
  listTags,
  addPermission,
  removePermission,
  getPolicy,
  getAccountSettings,
  publishVersionOperation,
  listVersionsByFunction,
  createAlias,
  getAlias,
  listAliases,
  updateAlias,
  deleteAlias,
  publishLayerVersion,
  getLayerVersion,
  deleteLayerVersion,
  listLayerVersions,
  listLayers,
  createFunctionUrlConfig,
  getFunctionUrlConfig,
  updateFunctionUrlConfig,
  deleteFunctionUrlConfig,
  listFunctionUrlConfigs,
  putProvisionedConcurrencyConfig,
  getProvisionedConcurrencyConfig,
  deleteProvisionedConcurrencyConfig,
  addLayerVersionPermission,
  removeLayerVersionPermission,
  getLayerVersionPolicy,
  createCodeSigningConfig,
  getCodeSigningConfig,
  updateCodeSigningConfig,
  deleteCodeSigningConfig,
  listCodeSigningConfigs,
  listFunctionsByCodeSigningConfig,
  putFunctionCodeSigningConfig,
  getFunctionCodeSigningConfig,
  deleteFunctionCodeSigningConfig,
  downloadCode,
];
