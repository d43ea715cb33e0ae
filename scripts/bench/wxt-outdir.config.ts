import base from '../../wxt.config';

/** The project's WXT config with the output directory moved (LCB_OUT_DIR), so the bench never races other builds. */
export default { ...base, outDir: process.env.LCB_OUT_DIR };
