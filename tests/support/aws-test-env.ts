/** The AWS environment of the tests: fake credentials, a fixed region, and the endpoint the SDK clients use. */
/**
 * Points every AWS SDK client created from now on at `endpoint` (moto or the fault proxy) through the
 * standard `AWS_ENDPOINT_URL`, with dummy credentials, exactly as a user would point the provider at a
 * custom endpoint.
 */
export function useAwsEndpoint(endpoint: string): void {
    process.env.AWS_ENDPOINT_URL = endpoint;
}

/** The environment every test process and child process runs with: fake credentials, fixed region. */
export const AWS_TEST_ENV: Record<string, string> = {
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    // The SDK warns once per process that future releases need Node 22; it is noise in test output.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
