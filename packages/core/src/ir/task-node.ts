import type { SourceSite } from "../source/source-site.js";
import type { TaskOptions } from "./task-options.js";

/** A scheduled ECS task: a task definition and the rules or schedules that run it, no state machine. */
export interface TaskNode {
  readonly kind: "task";
  readonly name: string;
  readonly options: TaskOptions;
  readonly site?: SourceSite | undefined;
}

export const TaskNode = {
  create(name: string, options: TaskOptions, site?: SourceSite): TaskNode {
    return Object.freeze({ kind: "task", name, options: Object.freeze({ ...options }), site });
  },
};
