/**
 * The small part of jstat 1.9 (which ships no types) that the aggregation core uses. The package is
 * CommonJS, so its default export is the whole namespace: `import jstat from 'jstat'; const { jStat } = jstat`.
 */
declare module 'jstat' {
  interface StudentT {
    /** Quantile function of Student's t with `dof` degrees of freedom (need not be whole). */
    inv(p: number, dof: number): number;
    /** Cumulative distribution function of Student's t with `dof` degrees of freedom. */
    cdf(x: number, dof: number): number;
  }
  interface Normal {
    inv(p: number, mean: number, sd: number): number;
    cdf(x: number, mean: number, sd: number): number;
  }
  const jstat: { jStat: { studentt: StudentT; normal: Normal } };
  export default jstat;
}
