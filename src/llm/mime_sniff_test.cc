#include "llm/mime_sniff.h"

#include <gtest/gtest.h>

#include <string>

namespace llmbox {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(SniffMimeType, RecognisesImageMagicNumbers) {
  EXPECT_EQ(SniffMimeType(Bytes({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0})), "image/png");
  EXPECT_EQ(SniffMimeType(Bytes({0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'})),
            "image/jpeg");
  EXPECT_EQ(SniffMimeType("GIF89a\x01\x00"), "image/gif");
  EXPECT_EQ(SniffMimeType("GIF87a\x01\x00"), "image/gif");
  EXPECT_EQ(SniffMimeType(std::string("RIFF\x24\0\0\0WEBPVP8 ", 16)), "image/webp");
}

TEST(SniffMimeType, RecognisesDocumentAndAudioMagicNumbers) {
  EXPECT_EQ(SniffMimeType("%PDF-1.7\n%\xE2\xE3"), "application/pdf");
  EXPECT_EQ(SniffMimeType(std::string("RIFF\x24\0\0\0WAVEfmt ", 16)), "audio/wav");
  EXPECT_EQ(SniffMimeType("ID3\x04\x00\x00\x00\x00\x00\x00"), "audio/mpeg");
  EXPECT_EQ(SniffMimeType(Bytes({0xFF, 0xFB, 0x90, 0x64})), "audio/mpeg");  // MPEG-1 Layer III
  EXPECT_EQ(SniffMimeType(Bytes({0xFF, 0xF3, 0x90, 0x64})), "audio/mpeg");  // MPEG-2 Layer III
}

TEST(SniffMimeType, UnknownOrTruncatedBytesGiveEmpty) {
  EXPECT_EQ(SniffMimeType(""), "");
  EXPECT_EQ(SniffMimeType("hello world, plain text"), "");
  EXPECT_EQ(SniffMimeType("\x89PNG"), "");             // cut before the full signature
  EXPECT_EQ(SniffMimeType("RIFF\x24\0\0\0AVI "), "");  // a RIFF of another kind
  EXPECT_EQ(SniffMimeType("RIFF"), "");
  EXPECT_EQ(SniffMimeType(Bytes({0xFF, 0xF1, 0x50})), "");  // ADTS AAC, not Layer III
  EXPECT_EQ(SniffMimeType("%PD"), "");
}

TEST(BareMimeType, DropsParametersAndCase) {
  EXPECT_EQ(BareMimeType("Image/PNG; charset=binary"), "image/png");
  EXPECT_EQ(BareMimeType(" application/pdf "), "application/pdf");
  EXPECT_EQ(BareMimeType("audio/wave"), "audio/wav");
  EXPECT_EQ(BareMimeType(""), "");
}

}  // namespace
}  // namespace llmbox
