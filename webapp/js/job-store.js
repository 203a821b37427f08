// Remembers the ids of the training and evaluation jobs started in this tab, so a reload watches them again.

export function rememberedJobs(kind) {
  try {
    return JSON.parse(sessionStorage.getItem(`guidestream.${kind}`) ?? '[]');
  } catch {
    return [];
  }
}

export function rememberJob(kind, entry) {
  const list = rememberedJobs(kind).filter((e) => e.jobId !== entry.jobId);
  list.unshift(entry);
  sessionStorage.setItem(`guidestream.${kind}`, JSON.stringify(list.slice(0, 20)));
}

export function forgetJob(kind, jobId) {
  sessionStorage.setItem(`guidestream.${kind}`,
    JSON.stringify(rememberedJobs(kind).filter((e) => e.jobId !== jobId)));
}
