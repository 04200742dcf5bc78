/** Schedule expressions (`rate`, `cron`, `at`) and time zones, shared by EventBridge rules and EventBridge Scheduler. */
export { atInstant, nextFire, parseScheduleExpression, parseWallTime, type NextFireOptions, type ScheduleExpression } from './expression.js';
export { isTimeZone, wallTimeOf } from './zone.js';
export { DueTimer } from './due-timer.js';
