// Package baseline learns what the containers of one image normally do at
// runtime and flags what they do differently, so that `palisade runtime
// watch` can alert on behaviour no rule anticipated. A model is kept per
// Key (cluster, namespace, image): the same image behaves differently in dev
// and prod, and a model learned in one must not excuse the other.
//
// # State machine
//
// Time counts as active time: every Observe or Alive adds the gap since the
// model was last seen, capped at the idle gap (WithIdleGap), so a model only
// matures while containers of its image actually run, not while a node is
// off or the image is not scheduled. The first sighting adds nothing.
//
//   - learning: a new key starts here. Every observed behaviour is added to
//     the model (Known is false the first time, never a Deviation). When the
//     accrued active time reaches the learn duration (WithLearn) the model
//     moves to trial and its active time restarts at zero.
//   - trial: an unknown behaviour is a Deviation (the caller alerts) and is
//     recorded in TrialDeviations without being learned. When the number of
//     distinct deviations reaches the trial limit (WithTrialLimit) the model
//     goes back to learning (Verdict.Relearn, Relearns+1): it kept changing,
//     so it is not trusted yet; the deviations are merged into the learned
//     behaviours and active time restarts. When the trial duration
//     (WithTrial) of active time passes with fewer deviations the model
//     becomes active.
//   - active: unknown behaviours are Deviations and are never learned. The
//     model only changes through Import or Delete.
//
// While learning, outbound connections are generalised: four or more
// distinct IPv4 addresses of one /24 (IPv6: /64) with the same port and
// protocol are replaced by the prefix, e.g. "10.1.2.0/24:443/tcp", so a
// service behind a pool of addresses does not exhaust the per-kind limit
// (WithMaxBehaviors). Imported models may carry prefixes of any length.
//
// # Persistence
//
// Observe and Alive only change memory; Flush writes the models changed
// since the last Flush to a bbolt file, dir/models.db. A store that cannot
// be read back (not a bbolt file, truncated, another schema, a model that
// does not decode) is renamed to models.db.corrupt-<unix time> at Open and
// a fresh store is started; SetAside reports it.
package baseline
