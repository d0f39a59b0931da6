// Included before any Boost header in the gate. Boost 1.74 turns on Asio's
// co_await support for clang only when libc++'s <experimental/coroutine>
// exists; clang with libstdc++ (the fuzz build) has the standard <coroutine>,
// which Asio already detects separately (BOOST_ASIO_HAS_STD_COROUTINE).
#pragma once

#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT) && defined(__cpp_impl_coroutine)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif
