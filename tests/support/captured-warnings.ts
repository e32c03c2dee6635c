/** Captures `pulumi.log.warn` calls under mocks, where no engine receives them. */
import * as pulumi from "@pulumi/pulumi";

/** One `pulumi.log.warn` call. */
export interface Warning {
    message: string;
    resource?: pulumi.Resource;
}

/**
 * Records `pulumi.log.warn` calls until `restore`. Mocks replace the resource monitor but not the engine,
 * which receives log messages, so without an engine the SDK prints warnings to stderr and drops the
 * resource they are attached to; replacing the function is the only place both can be observed.
 */
export function captureWarnings(): { warnings: Warning[]; restore: () => void } {
    const log = pulumi.log as { warn: typeof pulumi.log.warn };
    const original = log.warn;
    const warnings: Warning[] = [];
    log.warn = async (message, resource) => {
        warnings.push({ message, resource });
    };
    return {
        warnings,
        restore: () => {
            log.warn = original;
        },
    };
}
