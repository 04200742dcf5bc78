import { dashboardApiModule } from '../dashboard/api/index.js';
import type { InternalModule } from './route.js';

/** Every group of `/_tributary/` endpoints; one line each. */
export const INTERNAL_MODULES: readonly InternalModule[] = [dashboardApiModule];
