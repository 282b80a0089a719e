// rtpflow: both ends of many RTP calls at once, for the media benchmark (PERFORMANCE.md P2).
//
//   rtpflow PORT_A PORT_B WARMUP SECS [SEED_A SEED_B]
//
// Two UDP sockets on 127.0.0.1: A speaks for every caller, B for every far party. Each side
// learns its peers (the relay's ports, one per call) from the packets it receives, or takes
// them from SEED files (one port a line: where A, resp. B, must send; for a relay that only
// sends once it has received, like rtpengine). Every 20 ms each side sends each of its peers
// one PCMU packet whose payload starts with a marker: the number of the tick it was sent in
// (μ-law bytes 0x80..0xFE, which survive decoding and re-encoding unchanged). Peers are
// learnt during WARMUP seconds; then for SECS seconds it counts the packets sent, and, on
// the other side, the marked packets of those ticks that come back (one second of grace at
// the end), so loss = 1 - received/sent per direction, exactly, whatever the latency.
// Prints one line of key=value figures.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXP 20000
#define BATCH 64
#define PAYLOAD 160
#define MAGIC 0xA5

static uint16_t peers[2][MAXP];
static uint16_t seq[2][MAXP];
static int npeers[2];
static uint8_t known[2][65536];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
  struct rusage r;
  getrusage(RUSAGE_SELF, &r);
  return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static int sock(int port) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  int sz = 64 << 20;
  setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
  setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (bind(s, (void *)&a, sizeof a)) {
    perror("bind");
    exit(1);
  }
  fcntl(s, F_SETFL, O_NONBLOCK);
  return s;
}

static void learn(int side, uint16_t port) {
  if (known[side][port] || npeers[side] >= MAXP) return;
  known[side][port] = 1;
  peers[side][npeers[side]++] = port;
}

static void seed(int side, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    exit(1);
  }
  int p;
  while (fscanf(f, "%d", &p) == 1) learn(side, (uint16_t)p);
  fclose(f);
}

// The tick a marked payload was sent in, or -1.
static long marker(const uint8_t *pkt, int n) {
  if (n < 12 + 4 || pkt[12] != MAGIC) return -1;
  long t = 0;
  for (int i = 13; i < 16; i++) {
    if (pkt[i] < 0x80 || pkt[i] > 0xFE) return -1;
    t = t * 127 + (pkt[i] - 0x80);
  }
  return t;
}

int main(int argc, char **argv) {
  if (argc != 5 && argc != 7) {
    fprintf(stderr, "usage: rtpflow PORT_A PORT_B WARMUP SECS [SEED_A SEED_B]\n");
    return 2;
  }
  int s[2] = {sock(atoi(argv[1])), sock(atoi(argv[2]))};
  double warmup = atof(argv[3]), secs = atof(argv[4]);
  int seeded = argc == 7;
  if (seeded) {
    seed(0, argv[5]);
    seed(1, argv[6]);
  }
  long w0 = (long)(warmup * 50), w1 = w0 + (long)(secs * 50), end = w1 + 50;
  uint64_t sent[2] = {0}, back[2] = {0}, in_window[2] = {0}, unmarked[2] = {0};
  long late = 0;
  double c0 = 0, c1 = 0;
  static uint8_t rbuf[BATCH][2048], sbuf[BATCH][12 + PAYLOAD];
  struct mmsghdr rm[BATCH], sm[BATCH];
  struct iovec riov[BATCH], siov[BATCH];
  struct sockaddr_in from[BATCH], to[BATCH];
  for (int i = 0; i < BATCH; i++) {
    riov[i] = (struct iovec){rbuf[i], sizeof rbuf[i]};
    siov[i] = (struct iovec){sbuf[i], sizeof sbuf[i]};
    to[i] = (struct sockaddr_in){.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &to[i].sin_addr);
  }
  double t0 = now();
  for (long k = 0; k < end; k++) {
    double due = t0 + k * 0.02;
    struct timespec ts = {(time_t)due, (long)((due - (time_t)due) * 1e9)};
    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    if (now() > due + 0.02) late++;
    if (k == w0) c0 = cpu();
    if (k == w1) c1 = cpu();
    for (int side = 0; side < 2; side++) {
      for (;;) {
        for (int i = 0; i < BATCH; i++) {
          rm[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i],
                                          .msg_iov = &riov[i], .msg_iovlen = 1};
        }
        int r = recvmmsg(s[side], rm, BATCH, MSG_DONTWAIT, NULL);
        if (r <= 0) break;
        for (int i = 0; i < r; i++) {
          if (!seeded && k < w0) learn(side, ntohs(from[i].sin_port));
          if (k >= w0 && k < w1) in_window[side]++;
          long t = marker(rbuf[i], (int)rm[i].msg_len);
          if (t < 0) {
            unmarked[side]++;
          } else if (t >= w0 && t < w1) {
            back[side]++;  // sent by the other side in the window
          }
        }
      }
    }
    if (k >= w1) continue;  // the grace second: only receive
    uint8_t mark[4] = {MAGIC, 0x80 + (k / (127 * 127)) % 127, 0x80 + (k / 127) % 127, 0x80 + k % 127};
    for (int side = 0; side < 2; side++) {
      for (int base = 0; base < npeers[side]; base += BATCH) {
        int n = npeers[side] - base < BATCH ? npeers[side] - base : BATCH;
        for (int i = 0; i < n; i++) {
          int p = base + i;
          uint8_t *b = sbuf[i];
          uint16_t q = seq[side][p]++;
          uint32_t stamp = (uint32_t)k * PAYLOAD, ssrc = 0x51a00000u + (uint32_t)(side << 16) + (uint32_t)p;
          b[0] = 0x80;
          b[1] = 0;  // PCMU
          b[2] = q >> 8, b[3] = q & 0xff;
          b[4] = stamp >> 24, b[5] = stamp >> 16, b[6] = stamp >> 8, b[7] = stamp;
          b[8] = ssrc >> 24, b[9] = ssrc >> 16, b[10] = ssrc >> 8, b[11] = ssrc;
          memcpy(b + 12, mark, 4);
          memset(b + 16, 0xFF, PAYLOAD - 4);
          to[i].sin_port = htons(peers[side][p]);
          sm[i].msg_hdr = (struct msghdr){.msg_name = &to[i], .msg_namelen = sizeof to[i],
                                          .msg_iov = &siov[i], .msg_iovlen = 1};
        }
        int done = 0;
        while (done < n) {
          int r = sendmmsg(s[side], sm + done, n - done, 0);
          if (r < 0) {
            if (errno == EAGAIN || errno == ENOBUFS) continue;
            break;
          }
          done += r;
        }
        if (k >= w0) sent[side] += done;
      }
    }
  }
  // sent[0]: A to its peers, comes back on B; sent[1]: B to its peers, comes back on A.
  double loss_ab = sent[0] ? 100.0 * (1.0 - (double)back[1] / sent[0]) : 100;
  double loss_ba = sent[1] ? 100.0 * (1.0 - (double)back[0] / sent[1]) : 100;
  printf("peers_a=%d peers_b=%d window_s=%.0f a_to_b_sent=%llu a_to_b_back=%llu a_to_b_loss_pct=%.3f "
         "b_to_a_sent=%llu b_to_a_back=%llu b_to_a_loss_pct=%.3f relay_out_pkts=%llu unmarked=%llu "
         "late_ticks=%ld generator_cpu_s=%.2f\n",
         npeers[0], npeers[1], secs, (unsigned long long)sent[0], (unsigned long long)back[1], loss_ab,
         (unsigned long long)sent[1], (unsigned long long)back[0], loss_ba,
         (unsigned long long)(in_window[0] + in_window[1]), (unsigned long long)(unmarked[0] + unmarked[1]),
         late, c1 - c0);
  return 0;
}
