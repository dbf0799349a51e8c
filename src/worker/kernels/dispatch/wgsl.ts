// WGSL snippets the programs share: gate activations, binding use, vec4 loads.

/** WGSL activations shared by the gate programs (tanh clamped: some drivers overflow exp in tanh). */
export const gateMathWgsl = `
  fn sigmoidF(v : f32) -> f32 { return 1.0 / (1.0 + exp(-v)); }
  fn tanhF(v : f32) -> f32 { return tanh(clamp(v, -15.0, 15.0)); }
`;

/**
 * WGSL statements that mark every binding as used. tfjs compiles with layout 'auto', which drops unused
 * bindings, and then its bind group (output, every input, uniforms) would not match the layout.
 */
export function useBindings(inputs: string[]): string {
  return ['_ = uniforms.NAN;', ...inputs.map((name) => `_ = &${name};`)].join(' ');
}

/**
 * WGSL `fn ${name}4(i) -> vec4<f32>`: 4 consecutive floats of input `name` from flat index i. When `vec4`
 * is true the input must be bound as vec4 (variableComponents 4) and i a multiple of 4.
 */
export function vec4LoaderWgsl(name: string, vec4: boolean): string {
  const body = vec4
    ? `return ${name}[i / 4];`
    : `return vec4<f32>(${name}[i], ${name}[i + 1], ${name}[i + 2], ${name}[i + 3]);`;
  return `fn ${name}4(i : i32) -> vec4<f32> { ${body} }`;
}
