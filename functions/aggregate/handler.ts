// INFRA-PLACEHOLDER: throwaway file so the CDK stack can synth before the real job exists. Replace me.
export const handler = async (): Promise<void> => {};
