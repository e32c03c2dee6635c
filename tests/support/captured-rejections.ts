/** Captures unhandled promise rejections, the way the Pulumi SDK reports a resource whose inputs failed. */
/**
 * Collects unhandled promise rejections: how the Pulumi SDK reports a resource whose inputs failed to resolve,
 * which the language host turns into the deployment's error (`cmd/run/run.ts`, `uncaughtHandler`).
 */
export interface CapturedRejections {
    /** Every rejection reason so far, in order; one error may arrive once per resource it stopped. */
    readonly reasons: unknown[];
    /** The first reason, waiting up to `timeoutMs` for it. */
    first(timeoutMs?: number): Promise<unknown>;
    restore(): void;
}

/**
 * Listens for unhandled rejections until `restore`. Mocha keeps its own listener, which re-emits a rejection
 * that did not come from mocha itself to the process's other listeners, this one included.
 */
export function captureRejections(): CapturedRejections {
    const reasons: unknown[] = [];
    const listener = (reason: unknown) => {
        reasons.push(reason);
    };
    process.on("unhandledRejection", listener);
    return {
        reasons,
        async first(timeoutMs = 5000) {
            const deadline = Date.now() + timeoutMs;
            while (reasons.length === 0) {
                if (Date.now() > deadline) {
                    throw new Error(`no unhandled rejection within ${timeoutMs} ms`);
                }
                await new Promise(resolve => setTimeout(resolve, 10));
            }
            return reasons[0];
        },
        restore: () => {
            process.off("unhandledRejection", listener);
        },
    };
}
