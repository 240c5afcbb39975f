/**
 * Bulwark rate limiting: per-client token buckets (Bucket4j) in this JVM or in Redis, the
 * brute-force guard with account locks and trusted devices, and the rate-limit filter.
 *
 * <p>The Redis back-end (Lettuce and Bucket4j's Lettuce integration) is optional: it is read only
 * when the application puts it in the module graph.
 */
module dev.bulwark.ratelimit {
  requires transitive dev.bulwark.core;
  requires static jakarta.servlet;
  requires static lettuce.core;
  requires static io.github.bucket4j.lettuce;
  requires static io.github.bucket4j.redis.common;
  requires io.github.bucket4j.core;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports dev.bulwark.ratelimit;
  exports dev.bulwark.ratelimit.redis;
  exports dev.bulwark.ratelimit.servlet;
}
