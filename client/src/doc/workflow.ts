/** Section status transitions: the one table in shared/, so the UI offers only moves the server accepts. */
export { nextStatuses } from '../../../shared/workflow.ts';
