/** The one rule the form can see before asking the API: the floor is not above the ceiling. */
export function railsProblem(min: number | string, max: number | string): 'minAboveMax' | null {
  if (min === '' || max === '') return null;
  return Number(min) > Number(max) ? 'minAboveMax' : null;
}
