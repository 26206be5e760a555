/** The part of jStat (https://github.com/jstat/jstat, CommonJS) this project uses. */
declare module 'jstat' {
  const jstat: {
    jStat: {
      studentt: {
        /** Quantile of Student's t with `dof` degrees of freedom. */
        inv(p: number, dof: number): number;
        /** CDF of Student's t with `dof` degrees of freedom. */
        cdf(x: number, dof: number): number;
      };
    };
  };
  export default jstat;
}
