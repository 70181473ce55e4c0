import { type Api, answer, callInit } from './api-call';
import type { Answer, Body, CallOptions, Query } from './types';

type Schedule = Answer<'/v1/schedules/{id}', 'get'>;
type Note = Body<'/v1/schedules/{id}/pause', 'post'>;

/** Schedules that start jobs (Temporal Schedules): each call answers the schedule as it then stands. */
export function scheduleResources(api: Api) {
  const at = (id: string) => ({ params: { path: { id } } });
  return {
    create: (schedule: Body<'/v1/schedules', 'post'>, options?: CallOptions): Promise<Schedule> =>
      answer(api.POST('/v1/schedules', { body: schedule, ...callInit(options) })),
    list: (query: Query<'/v1/schedules', 'get'> = {}, options?: CallOptions) =>
      answer(api.GET('/v1/schedules', { params: { query }, ...callInit(options) })),
    get: (id: string, options?: CallOptions): Promise<Schedule> =>
      answer(api.GET('/v1/schedules/{id}', { ...at(id), ...callInit(options) })),
    /** A JSON merge patch of the schedule as created. */
    update: (id: string, patch: Body<'/v1/schedules/{id}', 'patch'>, options?: CallOptions): Promise<Schedule> =>
      answer(api.PATCH('/v1/schedules/{id}', { ...at(id), body: patch, ...callInit(options) })),
    delete: async (id: string, options?: CallOptions): Promise<void> => {
      await answer(api.DELETE('/v1/schedules/{id}', { ...at(id), ...callInit(options) }));
    },
    pause: (id: string, note: Note = {}, options?: CallOptions): Promise<Schedule> =>
      answer(api.POST('/v1/schedules/{id}/pause', { ...at(id), body: note, ...callInit(options) })),
    unpause: (id: string, note: Note = {}, options?: CallOptions): Promise<Schedule> =>
      answer(api.POST('/v1/schedules/{id}/unpause', { ...at(id), body: note, ...callInit(options) })),
    /** Runs it now, once. */
    trigger: (
      id: string,
      trigger: Body<'/v1/schedules/{id}/trigger', 'post'> = {},
      options?: CallOptions,
    ): Promise<Schedule> =>
      answer(api.POST('/v1/schedules/{id}/trigger', { ...at(id), body: trigger, ...callInit(options) })),
  };
}
