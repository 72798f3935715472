import { ApiError } from '../http/errors.ts';

/** A REST change refused (503) because the report's storage is failing; see docs/reliability.md. */
export class StorageUnavailable extends ApiError {
  constructor(message: string) {
    super(503, 'storage_unavailable', message);
  }
}
