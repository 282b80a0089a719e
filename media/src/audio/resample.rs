//! Band-limited resampling with rubato's sinc resampler.

use rubato::{
    Resampler, SincFixedIn, SincInterpolationParameters, SincInterpolationType, WindowFunction,
};

pub(super) fn to_rate(input: &[f32], from: u32, to: u32) -> Result<Vec<f32>, String> {
    if from == to {
        return Ok(input.to_vec());
    }
    let params = SincInterpolationParameters {
        sinc_len: 128,
        f_cutoff: 0.95,
        interpolation: SincInterpolationType::Linear,
        oversampling_factor: 128,
        window: WindowFunction::BlackmanHarris2,
    };
    let ratio = f64::from(to) / f64::from(from);
    let chunk = 4096;
    let mut r = SincFixedIn::<f32>::new(ratio, 1.0, params, chunk, 1).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity((input.len() as f64 * ratio) as usize + chunk);
    let mut pos = 0;
    while pos + chunk <= input.len() {
        let o = r
            .process(&[&input[pos..pos + chunk]], None)
            .map_err(|e| e.to_string())?;
        out.extend_from_slice(&o[0]);
        pos += chunk;
    }
    let o = r
        .process_partial(Some(&[&input[pos..]]), None)
        .map_err(|e| e.to_string())?;
    out.extend_from_slice(&o[0]);
    // Flush the filter's delay.
    let o = r
        .process_partial::<&[f32]>(None, None)
        .map_err(|e| e.to_string())?;
    out.extend_from_slice(&o[0]);
    // Drop the leading delay so the output lines up with the input.
    let delay = r.output_delay();
    let expected = (input.len() as f64 * ratio).round() as usize;
    Ok(out.into_iter().skip(delay).take(expected).collect())
}
