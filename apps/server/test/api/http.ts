/** A GraphQL response body as tests read it: fields typed as present, since each test asserts them. */
export interface GraphQLBody {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- shapes are asserted by each test
  data: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  errors: Array<{ message: string; extensions: Record<string, any> }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  extensions: Record<string, any>;
}

export async function readJson(res: Response): Promise<GraphQLBody> {
  return (await res.json()) as GraphQLBody;
}
