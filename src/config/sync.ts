import { Type } from 'typebox';
import { section, variable } from './define.ts';

export const sync = section('Catalogue sync', {
  sync: {
    intervalHours: variable('SYNC_INTERVAL_HOURS', Type.Number({ minimum: 0, default: 6, description: 'Resync every linked store this often (hours); 0 turns it off.' })),
    schedulerTickSeconds: variable('SYNC_SCHEDULER_TICK_SECONDS', Type.Integer({ minimum: 1, default: 60, description: 'How often (seconds) the scheduler looks for stores due a resync.' })),
    attemptsPerPage: variable('SYNC_PAGE_ATTEMPTS', Type.Integer({ minimum: 1, maximum: 10, default: 3, description: 'Tries per offer-list page before a sync fails.' })),
    retryDelayMs: variable(
      'SYNC_RETRY_DELAY_MS',
      Type.Integer({ minimum: 0, default: 2000, description: 'Wait (ms) before the second try of an offer-list page; the n-th retry waits n times this.' }),
    ),
  },
});
