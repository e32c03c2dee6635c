/** Reads the value of a Pulumi output in a test, without nested applies. */
import * as pulumi from "@pulumi/pulumi";

/** The value of `output` once the mocked engine resolved it, so tests read values without nested applies. */
export function unwrap<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => output.apply(resolve));
}
